// ReconEngine
