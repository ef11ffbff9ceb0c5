"""What scheduled messages say (digest, reminders, early alerts) and when they are due."""
