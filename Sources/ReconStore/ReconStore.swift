// ReconStore
