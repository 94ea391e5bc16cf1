-- Messages given up on, counted for /metrics without reading the outbox.
CREATE INDEX outbox_given_up ON outbox (id) WHERE given_up;
