/**
 * Wire protocol v1 between agent and collector (see {@code DESIGN.md}). Records only; every time is
 * epoch milliseconds UTC, every size is bytes, every ratio is in [0, 1]. Unknown JSON fields are
 * ignored so that newer agents can talk to older collectors.
 */
package dev.uptally.common.protocol;
