#!/bin/bash
# Run rpmbuild reproducibly. Usage: rpmbuild.sh WORK_DIR SPEC OUT_DIR (rpms land flat in OUT_DIR)
set -euo pipefail
work=$1 spec=$2 out=$3
rpmbuild -bb --quiet \
  --define "_topdir $work/top" \
  --define "_rpmdir $out" \
  --define '_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm' \
  --define '_buildhost lab.pkgfleet.invalid' \
  --define 'use_source_date_epoch_as_buildtime 1' \
  --define 'clamp_mtime_to_source_date_epoch 1' \
  --define '_dbpath /nonexistent' \
  "$spec" >/dev/null
