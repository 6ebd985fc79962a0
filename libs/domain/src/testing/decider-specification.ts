import { DomainError } from '../domain.errors';

export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

type ErrorClass = abstract new (...args: never[]) => DomainError;

/**
 * given(events).when(command).then(events) / .thenThrows(ErrorClass), the decider read as data.
 * thenThrows also checks that the error is a typed refusal with a human message.
 */
export function deciderSpecification<Command, Event, State>(
  decider: Decider<Command, Event, State>,
) {
  return {
    given(events: readonly Event[] = []) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenThrows<E extends DomainError>(
              errorClass: ErrorClass,
              check?: (error: E) => void,
            ): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              const error = thrown as E;
              expect(error.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
              expect(error.message.length).toBeGreaterThan(10);
              check?.(error);
            },
            state,
          };
        },
      };
    },
  };
}

/** Folds events from the decider's initial state. */
export function fold<Event, State>(
  decider: Decider<unknown, Event, State>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
