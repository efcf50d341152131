CREATE TABLE IF NOT EXISTS tp_spring_orders (
    id BIGSERIAL PRIMARY KEY,
    item TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
