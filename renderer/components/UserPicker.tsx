import type { UserChoice } from '../bridge/types';

/** The people who may sign in (or approve), as large buttons: the one chosen is pressed. */
export function UserPicker({
  label,
  users,
  chosenId,
  describe,
  onChoose,
}: {
  label: string;
  users: readonly UserChoice[];
  chosenId: number | null;
  /** A line under the name: the role, or how long the user is locked out. */
  describe: (user: UserChoice) => string;
  onChoose: (userId: number) => void;
}) {
  return (
    <div className="user-picker" role="group" aria-label={label}>
      {users.map((user) => (
        <button
          key={user.id}
          type="button"
          className="user"
          aria-pressed={user.id === chosenId}
          aria-describedby={`user-${user.id}-detail`}
          onClick={() => onChoose(user.id)}
        >
          <span className="user__name">{user.name}</span>
          <span id={`user-${user.id}-detail`} className="user__detail">
            {describe(user)}
          </span>
        </button>
      ))}
    </div>
  );
}
