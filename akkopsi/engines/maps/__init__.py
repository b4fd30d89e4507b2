"""Maps without Django: geometry (TopoJSON, projection, simplification, SVG paths) and the
classes of a choropleth (ADR 52)."""
