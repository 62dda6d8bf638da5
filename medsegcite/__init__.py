"""medsegcite: citations for a curated list of deep-learning medical-image-segmentation papers."""

__version__ = "0.1.0"
