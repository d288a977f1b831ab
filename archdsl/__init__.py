"""archdsl: architecture notes (a compact DSL and Mermaid in Markdown) to checked, AWS-styled diagrams."""

__version__ = "0.1.0"
