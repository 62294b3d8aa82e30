"""The police–community partnership forum (FKPM, meeting at a BKPM): its roster, its
activities and the aspirations raised there, followed to the end or turned into cases."""
