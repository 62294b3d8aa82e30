"""Follow-ups: the officer's own reminders on a case, apart from the workflow's deadlines."""
