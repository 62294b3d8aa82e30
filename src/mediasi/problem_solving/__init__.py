"""The Problem Solving report of a case: what a Bhabinkamtibmas files upward about a problem
they worked on with the parties and the tokoh, built on request from what the case recorded."""
