import type { Job } from "@exca/executors";

/**
 * The jobs behind the claims this process holds, by uid folder. An in-process job records no job in its
 * claim, and a submitted one records it only once submitted: without this, another caller in the same
 * process would find a claim of its own pid that no executor can follow. With it, the claim is followed
 * (awaited), never declared dead.
 */
const held = new Map<string, Promise<Job | undefined>>();

/** What the holder of a claim reports: the submitted job, or nothing when the submission failed. */
export interface Holding {
  /** The job is submitted: callers in this process follow it until {@link releaseClaim}. */
  submitted(job: Job): void;
  /** The submission failed (the claim is removed): callers look again. */
  abandoned(): void;
  /** The submitted job has ended: callers read its outcome from the folder (unless claimed again since). */
  ended(): void;
}

/** Records that this process claimed `uidFolder` and is about to submit its job. */
export function holdClaim(uidFolder: string): Holding {
  let settle: (job: Job | undefined) => void = () => {};
  const promise = new Promise<Job | undefined>((resolve) => {
    settle = resolve;
  });
  held.set(uidFolder, promise);
  return {
    submitted: (job) => settle(job),
    abandoned() {
      settle(undefined);
      if (held.get(uidFolder) === promise) held.delete(uidFolder);
    },
    ended() {
      if (held.get(uidFolder) === promise) held.delete(uidFolder);
    },
  };
}

/** Forgets the claim on `uidFolder`: its job's outcome is stored, or its record is in the job file. */
export function releaseClaim(uidFolder: string): void {
  held.delete(uidFolder);
}

/** The job of a claim this process holds on `uidFolder` (once submitted), or undefined when it holds none. */
export function heldJob(uidFolder: string): Promise<Job | undefined> | undefined {
  return held.get(uidFolder);
}
