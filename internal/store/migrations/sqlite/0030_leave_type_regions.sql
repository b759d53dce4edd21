-- A leave type can be offered only where a state requires or the company
-- chooses (a state's paid sick leave): the worksites' states, comma
-- separated; empty offers it everywhere.
ALTER TABLE leave_types ADD COLUMN regions TEXT NOT NULL DEFAULT '';
