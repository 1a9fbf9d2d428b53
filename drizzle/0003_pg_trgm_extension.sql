-- Custom SQL migration file, put your code below! --
-- The trigram operator classes of the subscriptions search indexes (0004). pg_trgm is part of
-- PostgreSQL's contrib and a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
