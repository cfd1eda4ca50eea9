"""One module per vendor, each declaring its kinds and rules; ``general`` holds the GK rules."""
