/**
 * Durable store-and-forward: {@link dev.uptally.agent.spool.Spool} is an append-only log of
 * checksummed sample records (length, CRC32C, JSON) in segment files, fsynced on every append,
 * trimmed by whole segments on acknowledgement, repaired after crashes and bounded in bytes and age
 * (plain heartbeats dropped first, events kept, every drop counted).
 * {@link dev.uptally.agent.spool.SampleRecorder} assigns seqs so that they stay continuous across kill -9.
 */
package dev.uptally.agent.spool;
