// ReconCrypto
