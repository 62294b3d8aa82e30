"""Peace agreements (kesepakatan perdamaian): drafted, frozen, signed, printed, verified, kept."""
