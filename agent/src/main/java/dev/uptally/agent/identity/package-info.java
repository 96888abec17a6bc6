/**
 * Device identity kept in the state dir: device id (UUID, created once), device token (owner-only
 * file), next seq. Every file is replaced atomically; an unusable state dir is a
 * {@link dev.uptally.agent.identity.StateDirException} naming the path.
 */
package dev.uptally.agent.identity;
