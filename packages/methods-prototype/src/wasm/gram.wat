;; Packed pairwise squared Euclidean distances on WebAssembly SIMD (f64x2), for MMD-critic's kernel.
;;
;; Layout (byte addresses in the imported memory, set by `setup`): the rows packed in panels of four
;; (float64, row length padded to even): panel p holds rows 4p..4p+3, and its k-th 64-byte step holds
;; features 2k, 2k+1 of each of the four rows in turn, so a 4×2 block walks both operands with one offset
;; and immediate displacements. Then the squared norms, and the output: the upper triangle i < j packed
;; row-major, entry (i, j) at (i·(2n−i−1))/2 + (j−i−1).
;; `tile` fills every pair of a row range × column range, so callers (one thread or several sharing the
;; memory) split the triangle into tiles as they like; a tile's result does not depend on who computes it.
;; @LIMITS@ is "1" for the one-thread build and "1 65536 shared" for the threaded one; the FMA builds turn
;; every multiply-accumulate `s + a·b` of a dot product into f64x2.relaxed_madd (scripts/build-wasm.mjs).
(module
  (import "env" "memory" (memory @LIMITS@))

  (global $x (mut i32) (i32.const 0))
  (global $n (mut i32) (i32.const 0))
  (global $panelBytes (mut i32) (i32.const 0))
  (global $norms (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))

  (func (export "setup") (param $x i32) (param $n i32) (param $panelBytes i32) (param $norms i32) (param $out i32)
    (global.set $x (local.get $x))
    (global.set $n (local.get $n))
    (global.set $panelBytes (local.get $panelBytes))
    (global.set $norms (local.get $norms))
    (global.set $out (local.get $out)))

  ;; Address of row i's first lane inside its panel.
  (func $row (param $i i32) (result i32)
    (i32.add
      (i32.add (global.get $x) (i32.mul (i32.shr_u (local.get $i) (i32.const 2)) (global.get $panelBytes)))
      (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 4))))

  ;; Byte address of packed entry (i, j), i < j. i·(2n−i−1) is always even; unsigned math keeps n up to
  ;; 32,767 exact (the triangle would not fit a 4 GiB memory beyond that anyway).
  (func $entry (param $i i32) (param $j i32) (result i32)
    (i32.add (global.get $out)
      (i32.shl
        (i32.add
          (i32.shr_u
            (i32.mul (local.get $i)
              (i32.sub (i32.sub (i32.shl (global.get $n) (i32.const 1)) (local.get $i)) (i32.const 1)))
            (i32.const 1))
          (i32.sub (i32.sub (local.get $j) (local.get $i)) (i32.const 1)))
        (i32.const 3))))

  (func $norm (param $i i32) (result f64)
    (f64.load (i32.add (global.get $norms) (i32.shl (local.get $i) (i32.const 3)))))

  ;; One pair, for the tile edges; skips i >= j.
  (func $pair (param $i i32) (param $j i32)
    (local $a i32) (local $b i32) (local $o i32) (local $s v128) (local $u v128) (local $w v128) (local $v f64)
    (if (i32.ge_u (local.get $i) (local.get $j)) (then (return)))
    (local.set $a (call $row (local.get $i)))
    (local.set $b (call $row (local.get $j)))
    (block $done
      (loop $k
        (br_if $done (i32.ge_u (local.get $o) (global.get $panelBytes)))
        (local.set $u (v128.load (i32.add (local.get $a) (local.get $o))))
        (local.set $w (v128.load (i32.add (local.get $b) (local.get $o))))
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $u) (local.get $w))))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $k)))
    (local.set $v
      (f64.sub
        (f64.add (call $norm (local.get $i)) (call $norm (local.get $j)))
        (f64.mul (f64.const 2)
          (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))))
    (f64.store (call $entry (local.get $i) (local.get $j))
      (select (local.get $v) (f64.const 0) (f64.gt (local.get $v) (f64.const 0)))))

  ;; Entries (i, j) and (i, j+1) from the lane-wise dot accumulators of both columns; only those with
  ;; i < column are written, so blocks on the diagonal use the same kernel.
  (func $store2 (param $i i32) (param $j i32) (param $s0 v128) (param $s1 v128)
    (local $dots v128) (local $v v128)
    (if (i32.gt_u (local.get $i) (local.get $j)) (then (return)))
    (local.set $dots
      (f64x2.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s0) (local.get $s1))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s0) (local.get $s1))))
    (local.set $v
      (f64x2.pmax (v128.const f64x2 0 0)
        (f64x2.sub
          (f64x2.add
            (f64x2.splat (call $norm (local.get $i)))
            (v128.load offset=0 align=8 (i32.add (global.get $norms) (i32.shl (local.get $j) (i32.const 3)))))
          (f64x2.add (local.get $dots) (local.get $dots)))))
    (if (i32.eq (local.get $i) (local.get $j))
      (then
        (f64.store (call $entry (local.get $i) (i32.add (local.get $j) (i32.const 1)))
          (f64x2.extract_lane 1 (local.get $v))))
      (else (v128.store align=8 (call $entry (local.get $i) (local.get $j)) (local.get $v)))))

  ;; Rows i..i+3 (i a multiple of 4) against columns j, j+1 (j even): eight dot products on eight f64x2
  ;; accumulators, each lane of each operand loaded once per step; pairs with row >= column are skipped.
  (func $block (param $i i32) (param $j i32)
    (local $a i32) (local $b i32) (local $end i32) (local $y0 v128) (local $y1 v128) (local $p v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $a (call $row (local.get $i)))
    (local.set $b (call $row (local.get $j)))
    (local.set $end (i32.add (local.get $a) (global.get $panelBytes)))
    (block $done
      (loop $k
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $y0 (v128.load offset=0 (local.get $b)))
        (local.set $y1 (v128.load offset=16 (local.get $b)))
        (local.set $p (v128.load offset=0 (local.get $a)))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $p) (local.get $y0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $p) (local.get $y1))))
        (local.set $p (v128.load offset=16 (local.get $a)))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $p) (local.get $y0))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $p) (local.get $y1))))
        (local.set $p (v128.load offset=32 (local.get $a)))
        (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $p) (local.get $y0))))
        (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $p) (local.get $y1))))
        (local.set $p (v128.load offset=48 (local.get $a)))
        (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $p) (local.get $y0))))
        (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $p) (local.get $y1))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (br $k)))
    (call $store2 (local.get $i) (local.get $j) (local.get $s00) (local.get $s01))
    (call $store2 (i32.add (local.get $i) (i32.const 1)) (local.get $j) (local.get $s10) (local.get $s11))
    (call $store2 (i32.add (local.get $i) (i32.const 2)) (local.get $j) (local.get $s20) (local.get $s21))
    (call $store2 (i32.add (local.get $i) (i32.const 3)) (local.get $j) (local.get $s30) (local.get $s31)))

  ;; Every pair i < j with r0 <= i < r1 and c0 <= j < c1; r0 must be a multiple of 4 and c0 even.
  (func (export "tile") (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32)
    (local $i i32) (local $j i32)
    (local.set $i (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $r1)))
        (local.set $j (select (local.get $c0) (local.get $i) (i32.gt_u (local.get $c0) (local.get $i))))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $c1)))
            (call $block (local.get $i) (local.get $j))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $cols)))
        (if (i32.lt_u (local.get $j) (local.get $c1))
          (then
            (call $pair (local.get $i) (local.get $j))
            (call $pair (i32.add (local.get $i) (i32.const 1)) (local.get $j))
            (call $pair (i32.add (local.get $i) (i32.const 2)) (local.get $j))
            (call $pair (i32.add (local.get $i) (i32.const 3)) (local.get $j))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $r1)))
        (local.set $j (select (local.get $c0) (i32.add (local.get $i) (i32.const 1))
          (i32.gt_u (local.get $c0) (local.get $i))))
        (block $tailColsDone
          (loop $tailCols
            (br_if $tailColsDone (i32.ge_u (local.get $j) (local.get $c1)))
            (call $pair (local.get $i) (local.get $j))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tailCols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))

  ;; @FRAGMENTS@ (gram-exp.wat, gram-bracket.wat, gram-pack.wat, spliced in by scripts/build-wasm.mjs)
)
