import { startTransition, type FormEvent } from "react";

/**
 * Submits a form to a `useActionState` dispatcher without React's automatic reset of the form
 * after an action: when the server answers with field messages, what the person typed stays.
 */
export function keepValues(dispatch: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch(form));
  };
}
