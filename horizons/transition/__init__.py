"""Transition to secondary school: where each Year 6 child goes next, and their "My Future"
record handed to that secondary school in the summer, with their parent's agreement."""
