/**
 * The durable state store on H2 (embedded default) or PostgreSQL (several nodes): {@link
 * dev.acrwatch.store.jdbc.JdbcStateStore} with its outbox, window bins and silences, in one Flyway-managed schema.
 */
package dev.acrwatch.store.jdbc;
