"""The web layer: one package per capability, plus shared pieces."""
