"""The browser's screens: the main three panes, an entity's mentions and quotes, the help."""
