"""The kernel under every step: errors, names, places, limits and the generated vocabulary."""
