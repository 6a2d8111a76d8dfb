"""Civil services: the service catalog, citizens' requests and officials' queues."""
