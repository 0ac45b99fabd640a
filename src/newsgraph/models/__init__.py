"""Trained artefacts shipped as package data (coefficients as .npz + a JSON card; never pickle)."""
