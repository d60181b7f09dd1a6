-- Sampling settings became one record (SamplingSettings) for training and evaluation programs:
-- a stored spec's evaluation.{temperature, topP, maxNewTokens} move into evaluation.sampling, which
-- also takes topK and seed from the training sampling (what evaluation used before). A generation
-- request's stop sequences moved from its sampling settings to the request.
create function leti_v4_spec(spec jsonb) returns jsonb language sql immutable as $$
    select case when spec -> 'evaluation' ? 'sampling' or spec -> 'evaluation' is null then spec
    else jsonb_set(spec #- '{evaluation,temperature}' #- '{evaluation,topP}' #- '{evaluation,maxNewTokens}',
                   '{evaluation,sampling}',
                   jsonb_build_object('temperature', spec -> 'evaluation' -> 'temperature',
                                      'topP', spec -> 'evaluation' -> 'topP',
                                      'topK', spec -> 'sampling' -> 'topK',
                                      'maxNewTokens', spec -> 'evaluation' -> 'maxNewTokens',
                                      'seed', spec -> 'sampling' -> 'seed'))
    end
$$;
update runs set spec = leti_v4_spec(spec);
update comparisons set spec = leti_v4_spec(spec);
drop function leti_v4_spec(jsonb);

create function leti_v4_request(payload jsonb) returns jsonb language sql immutable as $$
    select case when payload -> 'sampling' ? 'stopSequences'
    then jsonb_set(payload #- '{sampling,stopSequences}', '{stopSequences}', payload -> 'sampling' -> 'stopSequences')
    else payload end
$$;
update generation_requests set payload = leti_v4_request(payload);
update outbox set payload = leti_v4_request(payload) where sent_at is null and type_id = 'generation-request';
drop function leti_v4_request(jsonb);
