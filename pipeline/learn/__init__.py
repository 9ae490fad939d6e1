"""Learned extractors: features, estimators, training and their use at run time."""
