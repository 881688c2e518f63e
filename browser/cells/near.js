// "As it nears the screen": the one rule by which a page defers work it may never need (a cell's
// editor, a widget's drawing, a late Python boot) without making a reader wait once they get there.

/** Call act(el) once for each element, when it comes within `margin` of the viewport (at once for
 *  every element where IntersectionObserver is missing). */
export function whenNear(elements, act, margin = "300px") {
  if (!("IntersectionObserver" in window)) return elements.forEach((el) => act(el));
  const observer = new IntersectionObserver((entries) => {
    for (const { target, isIntersecting } of entries) {
      if (isIntersecting) observer.unobserve(target), act(target);
    }
  }, { rootMargin: margin });
  elements.forEach((el) => observer.observe(el));
}
