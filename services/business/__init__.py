"""The business desk: Fintech Lab booths, citizens' inquiries and expert consultations."""
