"""Results from offline laptops (signed packages, pairing keys), recognition decisions, re-run reasons."""
