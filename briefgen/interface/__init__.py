"""The interface: command line, Python API, watch and the starter brief. They only call the stages."""
