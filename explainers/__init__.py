"""Gates & Long Memory: reference recurrent models in numpy and the explainers behind every figure."""
