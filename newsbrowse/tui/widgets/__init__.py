"""The browser's widgets, one module per region of the screen."""
