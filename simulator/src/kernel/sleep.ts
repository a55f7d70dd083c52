// A user task sleeping on a wait queue (prepare_to_wait[_exclusive] + schedule_timeout): woken by the
// queue (autoremove_wake_function) or by its timeout, it resumes later at the same virtual time, as a
// process runs after the softirq that woke it.
import { at, cancel, type Sim } from "./sim.js";
import type { WaitEntry, WaitQueue } from "./waitQueue.js";

export interface Task {
  /** "server/accept-1" */
  label: string;
  sleeping: boolean;
}

/**
 * Sleep `task` on `wq` until woken or until `deadline` (absolute ms; undefined = no timeout).
 * `resume(timedOut)` runs as a new event once the task is runnable again.
 */
export function sleepOn(
  sim: Sim,
  task: Task,
  wq: WaitQueue,
  exclusive: boolean,
  deadline: number | undefined,
  resume: (timedOut: boolean) => void,
): void {
  const wakeTask = (timedOut: boolean): void => {
    task.sleeping = false;
    wq.remove(entry);
    cancel(timer);
    at(sim, sim.now, () => resume(timedOut));
  };
  const entry: WaitEntry = {
    exclusive,
    label: `task ${task.label}`,
    // try_to_wake_up fails for a task that is already runnable: the entry then does not count.
    wake: () => {
      if (!task.sleeping) return false;
      wakeTask(false);
      return true;
    },
  };
  if (exclusive) wq.addExclusive(entry);
  else wq.add(entry);
  task.sleeping = true;
  const timer =
    deadline === undefined
      ? undefined
      : at(sim, deadline, () => {
          if (task.sleeping) wakeTask(true);
        });
}
