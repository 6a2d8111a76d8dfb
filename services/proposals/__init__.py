"""The mayor's office: citizens' proposals, endorsements, official answers and the greeting wall."""
