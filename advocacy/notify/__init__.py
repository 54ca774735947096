"""Mail sending (SMTP or an outbox folder); later, reminder planning and the scheduler."""
