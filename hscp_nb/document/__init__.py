"""The document model (typed blocks) and its writers: HTML, PDF with Typst, and the nbconvert exporters."""
