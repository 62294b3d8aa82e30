"""The public check of a printed document by its verification code: an agreement or a
document of a restorative justice case, one page for both."""
