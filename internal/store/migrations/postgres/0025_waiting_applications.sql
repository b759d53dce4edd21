-- The recruiters' "waiting on us" list: active applications by how long
-- they have sat in their stage.
CREATE INDEX applications_waiting ON applications(status, stage_changed_at);
