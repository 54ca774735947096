"""National hearings, their deadlines and milestones; importers; iCalendar."""
