"""Restorative justice (keadilan restoratif): the document pack of a case."""
