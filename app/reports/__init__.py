"""Reports for the district: the ward's results (PDF, .xlsx) and the cost estimate."""
