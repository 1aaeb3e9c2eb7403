"""A task's page: timeline, actions, the bid gallery and comparison, the delivery."""
