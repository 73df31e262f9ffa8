;; gram.wat fragment: SIMD exp, and distances to kernel values in place.
  ;; e^x lane-wise for x <= 0: x = k·ln2 + r with |r| <= ln2/2 (Cody–Waite split of ln2, as fdlibm),
  ;; e^r by its Taylor polynomial to r^13 (truncation < 1e-17 relative), then 2^k put in the exponent
  ;; bits. Within 2 ulp of a correctly rounded exp for results above 1e-307; smaller ones (x < −707.3,
  ;; where 2^k would leave the normal range) are flushed to 0.
  (func $exp (param $x v128) (result v128)
    (local $k v128) (local $r v128) (local $p v128)
    (local.set $k (f64x2.nearest (f64x2.mul (local.get $x) (v128.const f64x2 1.4426950408889634 1.4426950408889634))))
    (local.set $r
      (f64x2.sub
        (f64x2.sub (local.get $x)
          (f64x2.mul (local.get $k) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01)))
        (f64x2.mul (local.get $k) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))))
    (local.set $p (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 1.984126984126984e-04 1.984126984126984e-04)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 1.388888888888889e-03 1.388888888888889e-03)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 8.333333333333333e-03 8.333333333333333e-03)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 4.1666666666666664e-02 4.1666666666666664e-02)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 0.5 0.5)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 1 1)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (v128.const f64x2 1 1)))
    (v128.and
      (i64x2.add (local.get $p)
        (i64x2.shl (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k))) (i32.const 52)))
      (f64x2.gt (local.get $k) (v128.const f64x2 -1021 -1021))))

  ;; Overwrites `count` float64 values at `at` (16-byte aligned) with exp(−gamma·value): squared
  ;; distances become RBF kernel values in place.
  (func (export "exponentiate") (param $at i32) (param $count i32) (param $gamma f64)
    (local $end i32) (local $g v128)
    (local.set $g (f64x2.splat (f64.neg (local.get $gamma))))
    (local.set $end (i32.add (local.get $at) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store (local.get $at) (call $exp (f64x2.mul (v128.load (local.get $at)) (local.get $g))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $pairs)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (f64.store (local.get $at)
          (f64x2.extract_lane 0
            (call $exp (f64x2.mul (f64x2.splat (f64.load (local.get $at))) (local.get $g))))))))
