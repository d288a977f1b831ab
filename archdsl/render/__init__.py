"""Rendering: the model drawn with mingrammer diagrams (the only user of diagrams), laid out by Graphviz."""
