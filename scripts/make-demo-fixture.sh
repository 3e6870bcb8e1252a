#!/usr/bin/env bash
# Regenerates data/demo/bac-kan-units.csv, the demo's administrative units, from
# the GSO catalogue export (communes and districts of Tỉnh Bắc Kạn, code 06).
# Developers run it with the national lists at ../shared/data; the demo itself
# needs only the generated fixture.
set -euo pipefail
src=${1:-../shared/data}
out=data/demo/bac-kan-units.csv
{
  echo "# Tỉnh Bắc Kạn: đơn vị hành chính cấp tỉnh, huyện, xã trước 01/07/2025."
  echo "# Nguồn: Tổng cục Thống kê (GSO), danh mục đơn vị hành chính, bản xuất ngày 18/07/2025."
  echo "level,code,name,gso_level,parent_code"
  echo "province,06,Tỉnh Bắc Kạn,Tỉnh,"
  awk -F, 'NR>1 && $5=="06" {print "district," $1 "," $2 "," $4 ",06"}' "$src/gso_legacy_districts_2025-07-18.csv"
  awk -F, 'NR>1 && $7=="06" {print "commune," $1 "," $2 "," $4 "," $5}' "$src/gso_legacy_communes_2025-07-18.csv"
} > "$out"
echo "wrote $out: $(grep -c '^commune,' "$out") communes, $(grep -c '^district,' "$out") districts"
