"""The blog app: posts, categories, tags and comments."""
