"""A council's own figures: measure values from return figures, exactly as the publication rounds them."""
